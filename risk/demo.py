def demo_seed(users):  # placeholder
    pass
