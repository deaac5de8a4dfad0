"""Safety pages: the alert dashboard and alerts, and the organisation's arrangements
(duty roster, phrase list, local crisis resources, settings)."""
