"""Personal-data rights and retention: export, correction, consent withdrawal, erasure,
legal holds, retention periods and break-the-glass access to restricted notes."""
