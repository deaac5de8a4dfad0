"""Small shared helpers with no domain imports."""
