throttle-slow-down = That's a lot of messages at once. Give me a couple of seconds — I'll answer the next one.
