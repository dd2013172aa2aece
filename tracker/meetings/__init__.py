"""Meeting series (giao ban tuần, tháng, quý, năm) and their meetings."""
