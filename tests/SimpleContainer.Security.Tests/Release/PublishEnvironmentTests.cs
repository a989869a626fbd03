using SimpleContainer.Security.Cli.Release;

namespace SimpleContainer.Security.Tests.Release;

[TestClass]
[DoNotParallelize]
public sealed class PublishEnvironmentTests
{
    [TestMethod]
    public void The_session_turns_TieredPGO_off_for_its_nodes_unless_the_user_chose_and_puts_the_environment_back()
    {
        var before = Environment.GetEnvironmentVariable(PublishEnvironment.TieredPgoVariable);
        try
        {
            Environment.SetEnvironmentVariable(PublishEnvironment.TieredPgoVariable, null);
            using (new PublishEnvironment(_ => null, dotnetHost: null))
            {
                Assert.AreEqual("0", Environment.GetEnvironmentVariable(PublishEnvironment.TieredPgoVariable));
            }

            Assert.IsNull(Environment.GetEnvironmentVariable(PublishEnvironment.TieredPgoVariable), "put back when the session ends");

            using (new PublishEnvironment(name => name == PublishEnvironment.TieredPgoVariable ? "1" : null, dotnetHost: null))
            {
                Assert.AreEqual("1", Environment.GetEnvironmentVariable(PublishEnvironment.TieredPgoVariable), "the user's choice is passed on");
            }

            Environment.SetEnvironmentVariable(PublishEnvironment.TieredPgoVariable, "1");
            using (new PublishEnvironment(_ => null, dotnetHost: null))
            {
                Assert.AreEqual("1", Environment.GetEnvironmentVariable(PublishEnvironment.TieredPgoVariable), "a value already in the process is kept");
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(PublishEnvironment.TieredPgoVariable, before);
        }
    }
}
