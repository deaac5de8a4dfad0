"""HTML views of activities, appointments and groups: thin, over queries and services."""
