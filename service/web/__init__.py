"""The routes Streamlit's server serves besides the pages: iCal feeds, the no-delay socket setting."""
