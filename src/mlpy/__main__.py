"""``python -m mlpy``: the same as the ``mlpy`` command."""

from mlpy.cli.entry import main

if __name__ == "__main__":
    main()
