from sangathan.cli import main

# Guarded: a spawned process (the import's cleaning worker) may import the main module.
if __name__ == "__main__":
    main()
