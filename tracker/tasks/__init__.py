"""Tasks (nhiệm vụ): who must do what by when, their lifecycle and their history."""
