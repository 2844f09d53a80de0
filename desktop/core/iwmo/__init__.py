"""The national iWmo / iJw 3.2 messages: assignments out (301), declarations in (323) and their answers."""
