"""Qt widgets. Every rule lives in desktop.core; screens only show and ask."""
