"""Who may do what: the acting user, sign-in, users, the permission table, the caseload rule, the access log."""
