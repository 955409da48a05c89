"""mlpy.devmode"""
