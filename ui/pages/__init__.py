"""One folder per page of st.navigation; each has page.py with render()."""
