"""The anonymous complaint channel: reports of corruption without a name, followed with a receipt code.

Nothing that identifies a reporter is kept: no address, agent or exact time in the database, the audit trail or
the logs; the receipt only as a slow salted hash; the report's text and files encrypted at rest.
"""
