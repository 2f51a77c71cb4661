global using System.Collections.Immutable;
global using Aspire.Hosting;
global using Aspire.Hosting.ApplicationModel;
