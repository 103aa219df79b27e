"""What every page shares: the store and cached loaders, who is signed in, the sign-in gate."""
