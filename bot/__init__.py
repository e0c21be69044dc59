"""steerbot core: events, dispatcher, context, clock, config, i18n and pure domain logic."""

__version__ = "0.1.0"
