"""Residents: registering and changing them, finding them, how they are named, their file."""
