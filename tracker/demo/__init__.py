"""A realistic demo data set built from the sample Hà Nội plans."""
