"""Developer tools: the local Bot API emulator and the terminal demo chat."""
