"""Reports in the offices' own forms: the "Biểu tổng hợp nhiệm vụ", period figures, CSV."""
