"""The approval chain, frozen document versions, and publication at stable public addresses."""
