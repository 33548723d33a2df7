"""A person's rights over their data: download it, delete the account, and the retention periods."""
