from custinfo.cli import main

main()
