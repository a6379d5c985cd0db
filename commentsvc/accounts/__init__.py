"""Accounts: users, roles, drafting units, login and passwords."""
