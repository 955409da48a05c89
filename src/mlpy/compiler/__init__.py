"""mlpy.compiler"""
