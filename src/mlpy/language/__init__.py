"""mlpy.language"""
