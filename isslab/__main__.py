from isslab.cli import main

raise SystemExit(main())
