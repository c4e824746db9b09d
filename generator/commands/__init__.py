"""The commands: argument parsing (``cli``, in Chinese: ``cli_zh``), what each command does
(``run``), the live preview (``serve``) and the guided ``portal new`` (``new``, ``new_ask``).
Nothing here is imported until a command needs it, so ``portal --help`` starts at once."""
