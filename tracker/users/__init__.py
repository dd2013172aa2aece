"""People who log in: the office, agency liaisons, viewers, admins."""
