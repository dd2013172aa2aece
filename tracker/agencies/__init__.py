"""The directory of agencies (sở, ngành, quận, huyện, ...), their groups and addresses."""
