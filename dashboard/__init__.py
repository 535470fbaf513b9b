"""The hall manager's web dashboard: the hall live (one more client of the queue server), the history from the
SQLite file opened read-only, reports in Excel and CSV, accounts from the hall's configuration."""
