"""What changes state in events, by concern: `agenda` (events, rooms, sessions, speakers) and
`registration` (registrations, workshop seats, check-in) and `messages` (organizers' messages to
participants: drafts, tests, sending in a task).

Import the module you need (`from events.services import agenda`); nothing is re-exported here.
"""
