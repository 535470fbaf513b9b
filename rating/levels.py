"""The rating levels' colours, from the best level to the worst: the tablet's buttons and the dashboard's chart of
the ratings agree, so a manager reads green, blue and red as the citizens touched them."""
LEVEL_COLOURS = ("#1B5E20", "#1565C0", "#C62828")
NOT_RATED_COLOUR = "#B0BEC5"


def level_colour(index: int, count: int) -> str:
    """The colour of the index-th of count levels, in their configured order; more levels reuse the middle one."""
    if index == count - 1:
        return LEVEL_COLOURS[-1]
    return LEVEL_COLOURS[0] if index == 0 else LEVEL_COLOURS[1]
