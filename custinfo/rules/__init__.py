"""Rules from rules.yaml: the safe condition language, tags and RFM."""
