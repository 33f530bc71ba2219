"""The rule versions Payung ships with, transcribed from /work/shared/REGULATION.md.

Source IDs in notes (P.., G.., F..) refer to the Sources section of that file.
"""
