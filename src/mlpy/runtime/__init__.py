"""mlpy.runtime"""
