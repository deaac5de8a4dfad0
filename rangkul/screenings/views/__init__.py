"""HTML views of the screenings app, split by who uses them."""
