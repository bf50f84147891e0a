"""The normalize stage: what reps typed turned into one canonical form, every change recorded."""
