"""mlpy.cli"""
