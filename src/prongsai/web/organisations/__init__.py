"""Organisations, their units, the people in them and their roles, and the audit trail."""
