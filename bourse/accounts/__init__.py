"""Accounts: users, roles, sign-up and sign-in."""
