"""``python -m mlpy``: the same as the ``mlpy`` command."""

from mlpy.cli.app import main

if __name__ == "__main__":
    main()
