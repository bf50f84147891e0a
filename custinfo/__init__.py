"""custinfo: clean, validate, de-duplicate, tag and segment customer-information workbooks."""

from custinfo.errors import ConfigError, CustinfoError, InputError

__version__ = "0.1.0"
__all__ = ["ConfigError", "CustinfoError", "InputError", "__version__"]
