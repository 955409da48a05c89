"""mlpy.stdlib"""
