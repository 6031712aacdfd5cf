"""Reusable reads of events, by concern: `agenda` (events, sessions, conflicts) and `registration`
(registrations, workshop seats, rosters, participants). Import the module you need.
"""
