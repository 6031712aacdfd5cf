"""Event pages by audience: `public`, `builder` (organizers' agenda and event), `registration` (a
member's own), `roster` (organizers' registrations, workshops, check-in, messages), `emails`; the
permission mixins they share in `mixins`."""
