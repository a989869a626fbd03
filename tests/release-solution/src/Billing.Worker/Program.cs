System.Console.WriteLine(Shared.Greeting.For("billing"));
