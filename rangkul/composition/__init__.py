"""Pages composed from several apps, above `activities` and `screenings` in the layer order.

The case timeline and the person page read from cases, activities and safety; they live
here so that no lower app imports a higher one. Only views and API routers use them.
"""
