Console.WriteLine(Shared.Greeting.For("catalog"));
