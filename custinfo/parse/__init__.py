"""Parsers of typed-by-hand values (dates, later money …) shared by validate and normalize."""
