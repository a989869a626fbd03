return Shared.Greeting.For("tests") == "hello from tests" ? 0 : 1;
